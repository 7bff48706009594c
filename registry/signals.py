"""Signals other apps listen to, so the registry never needs to know about them."""
from django.dispatch import Signal

# Sent after a GIAS or Ofsted import has been stored; kwargs: kind (an ImportRun.Kind value).
registry_imported = Signal()
