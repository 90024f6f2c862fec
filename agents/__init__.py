"""Mesa agent classes of sispam: police and army units, crowd actors, convoys."""
