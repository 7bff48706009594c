"""Which areas of expertise suit a school: by phase (phonics and early years are for schools
with younger pupils), and, for schools judged requires improvement or inadequate, the areas
inspections most often ask them to strengthen."""
YOUNGER_ONLY = {"Phonics", "Early years"}
OLDER_PHASES = {"Secondary", "16 plus"}
WEAKNESSES = [
    "Leadership of curriculum", "Assessment", "Behaviour and discipline", "Attendance", "English", "Maths",
    "Closing the gap", "Special educational needs", "Phonics", "Early years", "Science",
]


class Areas:
    def __init__(self, areas):
        self.all = list(areas)  # active ExpertiseArea rows, in id order
        self.name = {area.pk: area.name for area in self.all}
        self._for_phase = {}

    def for_phase(self, phase):
        key = phase in OLDER_PHASES
        if key not in self._for_phase:
            self._for_phase[key] = [a.pk for a in self.all if not (key and a.name in YOUNGER_ONLY)]
        return self._for_phase[key]

    def weaknesses(self, phase):
        fitting = set(self.for_phase(phase))
        by_name = {area.name: area.pk for area in self.all}
        return [by_name[name] for name in WEAKNESSES if by_name.get(name) in fitting]

    def choose(self, rng, phase, count, *, weak=False, avoid=()):
        """`count` different area ids for a school of the phase; a weaker school's mostly from the
        areas inspections ask such schools to strengthen."""
        pool = [pk for pk in self.for_phase(phase) if pk not in avoid]
        chosen = []
        weak_pool = [pk for pk in self.weaknesses(phase) if pk not in avoid] if weak else []
        while len(chosen) < count and (pool or weak_pool):
            source = weak_pool if weak_pool and rng.random() < 0.8 else pool
            pk = source[rng.randrange(len(source))]
            if pk not in chosen:
                chosen.append(pk)
            for group in (pool, weak_pool):
                if pk in group:
                    group.remove(pk)
        return chosen
