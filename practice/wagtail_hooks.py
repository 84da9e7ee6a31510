from practice.publishing import hooks  # noqa: F401
