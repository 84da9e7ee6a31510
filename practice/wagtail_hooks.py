from .updates.hooks import *  # noqa: F403
