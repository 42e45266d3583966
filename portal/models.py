"""The portal has no models of its own. This module is here because Django
sends post_migrate only for apps with a models module, and the roles are
applied when it is sent for portal, the last installed app (see apps.py)."""
