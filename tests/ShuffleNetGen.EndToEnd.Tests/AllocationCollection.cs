using Xunit;

namespace ShuffleNetGen.EndToEnd.Tests;

/// <summary>
/// The tests that count the bytes a Predict allocates run in this collection, after and apart from every parallel test:
/// models and the lane team are shared within the process, so another test's call on them at the same time (a second
/// arena rented for a concurrent call, another MaxThreads) would put its bytes into the count.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AllocationCollection
{
    public const string Name = "Allocation counts";
}
