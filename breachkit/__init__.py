"""breachkit: respond to personal-data breaches under the GDPR (Art. 33, 34, 33(5))."""

__version__ = "0.1.0"
