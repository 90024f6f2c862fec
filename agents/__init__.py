"""The mesa agents the models step, and the rules they decide by.

A crowd scene's thousands of people are numpy arrays inside ``simulation.crowd.model``, walked
and activated in bulk. The few actors whose decisions shape the scene are :class:`mesa.Agent`
subclasses, here: the police commander applying the strategy's doctrine, police and TNI units,
negotiators, supporter-group leaders and provocateurs (``crowd.py``), with what they decide by:
the hijau/kuning/merah status they read (``status.py``), the doctrine ladder (``doctrine.py``),
the escalation of command (``command.py``) and the people's state codes (``state.py``).

They sit in the models layer below the crowd model: they import only the scenario's specs and
each other, and only ``simulation.crowd`` imports them.
"""
