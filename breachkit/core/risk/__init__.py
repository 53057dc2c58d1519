"""The explainable risk engine: ``engine.assess(facts)`` gives the level, the outcome and
every reason with its basis. The facts as the engine reads them (``facts``), ENISA 2013
severity (``enisa``), likelihood and level (``rules``), Art. 34(3) and the outcome
(``outcome``), the values (``model``) and the citations (``basis``).
"""
