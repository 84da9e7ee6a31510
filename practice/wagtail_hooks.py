from practice.publishing import hooks  # noqa: F401
from practice.updates.hooks import *  # noqa: F403
