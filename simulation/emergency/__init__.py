"""The red phase: looting and arson, Damkar, hostage taking, casualties and PSC 119 ambulances,
arrests and detainee transport, and the return to hijau (pemulihan). See docs/emergency.md."""
