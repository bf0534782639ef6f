"""Further ``scorecard`` sub-commands, registered on import by :mod:`cli`."""
import demo.commands  # noqa: F401
import services.boardpack_commands  # noqa: F401
import services.export_commands  # noqa: F401
import services.load_commands  # noqa: F401
import services.user_commands  # noqa: F401
