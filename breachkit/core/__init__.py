"""The domain: incidents, organisation profiles, the timeline chain, clocks, risk.

Standard library only. Time is always passed in; nothing here reads the clock,
the disk or the network.
"""
