"""A model written outside sispam, to show that adding one is adding a folder.

The siren test: at a set clock time every kecamatan command sounds a siren and the nearest free
unit drives to the siren post; the model reports how long the unit took. Nothing of the engine
core is edited: the model is a :class:`ModelPlugin` handed to the drill (an installed package
would name it under the ``sispam.models`` entry point instead).
"""
