using System.Linq;
using System.Reflection;
using ShuffleNetGen.Generator.Planning;

namespace ShuffleNetGen.Generator.Tests.Fuzz;

/// <summary>
/// What any accepted plan must satisfy, whatever the spec: positive sizes, and every arena region and packed weight inside
/// its buffer (an int overflow in the planner's offsets shows up here as a negative or out-of-range slice).
/// </summary>
internal static class PlanInvariants
{
    public static string? Check(ExecutionPlan plan)
    {
        if (plan.ArenaFloats <= 0 || plan.WeightFloats <= 0) return $"ArenaFloats {plan.ArenaFloats}, WeightFloats {plan.WeightFloats}";
        if (plan.MultiplyAdds <= 0 || plan.Parameters <= 0) return $"MultiplyAdds {plan.MultiplyAdds}, Parameters {plan.Parameters}";
        foreach (PlanStep step in plan.Steps)
        {
            foreach (PropertyInfo property in step.GetType().GetProperties().Where(p => p.PropertyType == typeof(Region)))
            {
                var region = (Region)property.GetValue(step)!;
                if (region.Kind != RegionKind.Arena) continue;
                if (region.Offset < 0 || region.Length <= 0 || (long)region.Offset + region.Length > plan.ArenaFloats)
                {
                    return $"step '{step.Comment}' {property.Name} = arena[{region.Offset}, +{region.Length}) of {plan.ArenaFloats}";
                }
            }
        }
        foreach (WeightEntry w in plan.Weights)
        {
            if (w.WeightOffset < 0 || w.WeightLength <= 0 || (long)w.WeightOffset + w.WeightLength > plan.WeightFloats ||
                w.BiasOffset < 0 || w.BiasLength < 0 || (long)w.BiasOffset + w.BiasLength > plan.WeightFloats)
            {
                return $"weights of '{w.WeightKey}' at [{w.WeightOffset}, +{w.WeightLength}), bias [{w.BiasOffset}, +{w.BiasLength}) of {plan.WeightFloats}";
            }
        }
        return null;
    }
}
