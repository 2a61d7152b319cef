// Each test runs a cluster of three silos and its upstream processes; one at a time, so that
// failure detection after a kill is not slowed down by the other tests' clusters on a small machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
