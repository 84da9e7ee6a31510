"""Production settings plus one constant view, for the load benchmark only (bench/load.py).

Everything is cms.settings.production (so SECRET_KEY, ALLOWED_HOSTS and the rest still come
from the environment); only the URLconf differs, adding /bench/constant. The constant view
is the ceiling every page's throughput is compared with, and it never ships: cms.urls knows
nothing of it.
"""

from cms.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
