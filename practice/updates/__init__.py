"""Annual updates, their review and the staff view of the year (models: practice.models)."""
