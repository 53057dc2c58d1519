"""The deadline clocks: rules as versioned data (``rules``), the arithmetic of hours,
days and months (``arithmetic``), the values in and out (``model``) and the engine that
reads every clock of an incident at an instant (``engine``).
"""
