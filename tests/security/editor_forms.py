"""What the Wagtail page editor posts for a page, built from the editor's own form.

A browser sends back every field the editor rendered, with its current value; so does this,
for any page type, so that a test can change one field (the title) and save, submit or
publish the rest unchanged.
"""

from django import forms


def _value(bound_field):
    value = bound_field.value()
    if isinstance(value, (list, tuple)):
        return [str(getattr(item, "pk", item)) for item in value]
    value = getattr(value, "pk", value)
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "on" if value else None
    if isinstance(widget, (forms.Select, forms.RadioSelect)) and not isinstance(
        widget, forms.SelectMultiple
    ):
        return "" if value is None else str(value)
    formatted = widget.format_value(value)
    if isinstance(formatted, list):
        return [str(item) for item in formatted]
    return "" if formatted is None else str(formatted)


def _add_form(data, form):
    for name in form.fields:
        value = _value(form[name])
        if value is not None:
            data[form[name].html_name] = value


def editor_post_data(page, user, **changes):
    """The editor's form for the page's latest revision, as the browser would post it."""
    page = page.specific
    latest = page.get_latest_revision_as_object() if page.latest_revision_id else page
    form_class = type(page).get_edit_handler().get_form_class()
    form = form_class(instance=latest, parent_page=page.get_parent(), for_user=user)
    data = {}
    _add_form(data, form)
    for formset in form.formsets.values():
        _add_form(data, formset.management_form)
        for subform in formset.forms:
            _add_form(data, subform)
    data.update(changes)
    return data
