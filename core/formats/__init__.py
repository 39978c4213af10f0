"""Our date formats per language (settings.FORMAT_MODULE_PATH); Django's own fill in everything else."""
