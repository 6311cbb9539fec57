using System;
using ShuffleNetGen.Generator.Graph;

namespace ShuffleNetGen.Generator.Planning;

/// <summary>A graph the planner cannot turn into kernel calls; becomes a diagnostic at the spec key of <see cref="Op"/>.</summary>
internal sealed class PlanningException : Exception
{
    public PlanningException(LayerOp op, string message) : base(message) => Op = op;

    public LayerOp Op { get; }
}
