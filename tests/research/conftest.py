from tests.practice.conftest import document, editor, image, iqm_elements, school  # noqa: F401
