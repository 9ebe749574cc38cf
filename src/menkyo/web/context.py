"""Template context shared by every page: the navigation the operator's roles allow."""


def navigation(request) -> dict:
    return {}
