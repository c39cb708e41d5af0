"""Packaging beside pyproject.toml, for the one thing it cannot say: resources/ stays at the
top of the repository (the design card's layout) and is installed as frontdesk/resources,
where frontdesk.paths.resource() finds it. Every code package is found, so a new sub-package
needs no line anywhere."""

from setuptools import find_packages, setup

setup(packages=[*find_packages(include=["frontdesk", "frontdesk.*"]), "frontdesk.resources"],
      package_dir={"frontdesk.resources": "resources"})
