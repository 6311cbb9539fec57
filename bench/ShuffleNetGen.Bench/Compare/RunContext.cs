using System;

namespace ShuffleNetGen.Bench.Compare;

/// <summary>When the comparison ran and how busy the shared machine was.</summary>
/// <param name="LoadBefore">Load averages (1, 5, 15 min) when the run started.</param>
/// <param name="FmaProbeGflops">What <see cref="FmaPeak.Measure"/> got from one core at the start: the peak on offer right now.</param>
internal sealed record RunContext(DateTime StartedUtc, string LoadBefore, double FmaProbeGflops)
{
    public string LoadAfter { get; init; } = "";
}
