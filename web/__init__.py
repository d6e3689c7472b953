"""arkki's web app for registry staff, archivists and administrators (``arkki serve``).

The top layer: it composes ``flows`` (settings, the correction machinery's callers) and the
layers below; nothing imports it.
"""
