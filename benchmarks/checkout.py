"""Code that runs in a child Python against another checkout, found through PYTHONPATH.

An editable install puts finders in front of ``sys.path`` that would resolve a module missing
from that checkout to the installed one, so a benchmark would quietly time this checkout twice.
:data:`ISOLATE` drops those finders; each benchmark appends what its child then runs.
"""

ISOLATE = """
import sys
def _editable(hook):
    name = getattr(hook, "__module__", "") + getattr(hook, "__qualname__", type(hook).__name__)
    return "editable" in name.lower()
sys.meta_path[:] = [f for f in sys.meta_path if not _editable(f)]
sys.path_hooks[:] = [h for h in sys.path_hooks if not _editable(h)]
sys.path_importer_cache.clear()
"""
