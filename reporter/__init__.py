"""reporter: project status sites from YAML plans and weekly updates kept in git."""

__version__ = "0.1.0"
