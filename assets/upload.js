/* Upload page: send the chosen file to the server as it is, and commit a checked file.
   A file is streamed to POST /api/uploads as the request body (never base64-encoded into a
   Dash callback). Its size is checked against the limit printed on the page before anything is
   sent. Each answer is handed to the page's Dash stores with dash_clientside.set_props, and the
   page's callbacks draw the report. Loaded as a file, so the Content-Security-Policy needs no
   inline script. */
(function () {
  "use strict";

  var MAX_ISSUES = 2000;  // more than this are counted, not listed
  var pendingToken = null;

  function byId(id) { return document.getElementById(id); }

  function setProps(id, props) {
    // Stores render no element, so this cannot test the page for the id; Dash ignores
    // an id it does not know.
    if (window.dash_clientside && window.dash_clientside.set_props) {
      window.dash_clientside.set_props(id, props);
    }
  }

  function say(text, kind) {
    setProps("upload-message", {
      children: text,
      className: "upload-message upload-message-" + (kind || "info")
    });
  }

  function csrfToken() {
    var found = document.cookie.split("; ").filter(function (part) {
      return part.indexOf("_csrf_token=") === 0;
    })[0];
    return found ? decodeURIComponent(found.slice("_csrf_token=".length)) : "";
  }

  function megabytes(bytes) { return (bytes / 1024 / 1024).toFixed(1) + " MB"; }

  function readAnswer(response) {
    var type = response.headers.get("Content-Type") || "";
    if (type.indexOf("application/json") === -1) {
      return Promise.resolve({ error: "The server refused the request (HTTP " +
                               response.status + "). Reload the page and try again." });
    }
    return response.json();
  }

  function shorten(answer) {
    var issues = answer.issues || [];
    answer.issues_total = issues.length;
    if (issues.length > MAX_ISSUES) { answer.issues = issues.slice(0, MAX_ISSUES); }
    return answer;
  }

  var inFlight = false;

  /* Marks a request in flight (a second click is ignored until it ends); the buttons'
     disabled state belongs to the page's Dash callbacks, so it is not touched here. */
  function busy(button, on) {
    inFlight = on;
    if (button) { button.setAttribute("aria-busy", on ? "true" : "false"); }
  }

  function send(button) {
    var input = byId("upload-file");
    var file = input && input.files && input.files[0];
    pendingToken = null;
    if (!file) { say("Choose a file first.", "error"); return; }
    var limit = Number(input.getAttribute("data-max-bytes") || "0");
    if (limit && file.size > limit) {
      setProps("upload-preview", { data: null });
      say("\u201c" + file.name + "\u201d is " + megabytes(file.size) + ", more than the upload " +
          "limit of " + megabytes(limit) + ". Nothing was sent. Split the file (for example " +
          "one file per quarter) and upload the parts.", "error");
      return;
    }
    say("Checking \u201c" + file.name + "\u201d\u2026", "info");
    busy(button, true);
    fetch("/api/uploads?filename=" + encodeURIComponent(file.name), {
      method: "POST", body: file, credentials: "same-origin",
      headers: { "Content-Type": "application/octet-stream", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      return readAnswer(response).then(function (answer) {
        if (response.status === 202 && answer.job) {
          return followJob(file.name, answer, "Checking",
                           "/api/uploads/" + encodeURIComponent(answer.token) + "/preview",
                           function (status, report) { showReport(file.name, status, report); });
        }
        showReport(file.name, response.status, answer);
      });
    }).catch(function () {
      say("The file could not be sent. Check your connection and try again.", "error");
    }).then(function () { busy(button, false); });
  }

  function showReport(name, status, answer) {
    answer.http_status = status;
    if (answer.error && !answer.issues) {
      setProps("upload-preview", { data: null });
      say(answer.error, "error");
      return;
    }
    pendingToken = answer.token || null;
    setProps("upload-preview", { data: shorten(answer) });
    say(answer.valid ? "\u201c" + name + "\u201d was checked: see the report below."
                     : "\u201c" + name + "\u201d cannot be loaded: fix the errors " +
                       "listed below and upload it again.",
        answer.valid ? "ok" : "error");
  }

  /* A large file is checked (or committed) by a background job: show its progress, then
     fetch the answer the job left at answerUrl and hand it to show(status, answer). */
  function followJob(name, started, doing, answerUrl, show) {
    return new Promise(function (resolve) {
      function poll() {
        fetch("/api/jobs/" + encodeURIComponent(started.job), { credentials: "same-origin" })
          .then(readAnswer).then(function (job) {
            if (job.status === "done") {
              return fetch(answerUrl, { credentials: "same-origin" }).then(function (response) {
                return readAnswer(response).then(function (answer) {
                  show(response.status, answer);
                  resolve();
                });
              });
            }
            if (job.status === "failed" || job.error) {
              say("\u201c" + name + "\u201d: " + (job.error || "the job failed") +
                  ". Upload it again.", "error");
              resolve();
              return;
            }
            say(doing + " \u201c" + name + "\u201d in the background: " +
                (job.message || "waiting to start") + " (" +
                Math.round(100 * (job.progress || 0)) + "%)\u2026", "info");
            window.setTimeout(poll, 700);
          }).catch(function () {
            say("Lost touch with the server while working on \u201c" + name + "\u201d. " +
                "Reload the page to see whether it finished.", "error");
            resolve();
          });
      }
      poll();
    });
  }

  function commit(button) {
    if (!pendingToken) { say("Check a file before committing it.", "error"); return; }
    var reason = byId("upload-reason");
    busy(button, true);
    say("Committing\u2026", "info");
    fetch("/api/uploads/" + encodeURIComponent(pendingToken) + "/commit", {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ acknowledge_warnings: reason ? reason.value : "" })
    }).then(function (response) {
      return readAnswer(response).then(function (answer) {
        if (response.status === 202 && answer.job) {
          return followJob("the file", answer, "Committing",
                           "/api/uploads/" + encodeURIComponent(answer.token) + "/outcome",
                           showOutcome);
        }
        showOutcome(response.status, answer);
      });
    }).catch(function () {
      say("The commit could not be sent. Check your connection and try again.", "error");
    }).then(function () { busy(button, false); });
  }

  function showOutcome(status, answer) {
    answer.http_status = status;
    if (answer.status === "committed") {
      pendingToken = null;
      setProps("upload-preview", { data: null });
      setProps("upload-outcome", { data: shorten(answer) });
      say("Committed as batch " + answer.batch_id + ": " + answer.counts.new + " new and " +
          answer.counts.revised + " revised figures. The scorecard now shows them.", "ok");
    } else if (answer.issues) {
      setProps("upload-preview", { data: shorten(answer) });
      say(answer.error || "Not committed: see the report below.", "error");
    } else {
      say(answer.error || "Not committed.", "error");
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target;
    if (!(target instanceof Element)) { return; }
    var button = target.closest("#upload-send, #upload-commit");
    if (!button) { return; }
    event.preventDefault();
    if (inFlight || button.disabled) { return; }
    if (button.id === "upload-send") { send(button); } else { commit(button); }
  });

  /* Dash has no file input: put a plain one into the page's slot whenever the page is drawn. */
  function addFileInput() {
    var slot = byId("upload-file-slot");
    if (!slot || slot.querySelector("input[type=file]")) { return; }
    var input = document.createElement("input");
    input.type = "file";
    input.id = slot.getAttribute("data-input-id") || "upload-file";
    input.accept = slot.getAttribute("data-accept") || "";
    input.className = "upload-file-input";
    input.setAttribute("data-max-bytes", slot.getAttribute("data-max-bytes") || "0");
    input.setAttribute("aria-describedby", slot.getAttribute("data-describedby") || "");
    slot.appendChild(input);
  }
  new MutationObserver(addFileInput).observe(document.documentElement,
                                             { childList: true, subtree: true });
  addFileInput();

  document.addEventListener("change", function (event) {
    if (event.target instanceof Element && event.target.id === "upload-file") {
      pendingToken = null;
      setProps("upload-preview", { data: null });
      say("", "info");
    }
  });
})();
