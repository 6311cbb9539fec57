using System.Globalization;
using ShuffleNetGen.Generator.Planning;

namespace ShuffleNetGen.Generator.Emit;

/// <summary>
/// The generated <c>Profile</c>: <c>RunTimed</c>, the same kernel calls as <c>Run</c> on one thread with a timestamp after each
/// layer of <c>Info.Layers</c> (a relabelling layer copies the one before it: it runs no code), and the loop that times it.
/// Kept apart from <c>Run</c> so the path <c>Predict</c> takes carries no timing code.
/// </summary>
internal static class ProfileEmitter
{
    private const string Rt = "global::ShuffleNetGen.Runtime";
    private const string Now = "global::System.Diagnostics.Stopwatch.GetTimestamp()";

    public static void Emit(SourceWriter w, ExecutionPlan plan)
    {
        string row = I(plan.Layers.Count + 1);
        w.Line("/// <summary>");
        w.Line("/// Runs one image <paramref name=\"iterations\"/> times on the calling thread, after untimed runs that let the JIT finish");
        w.Line("/// optimising (at least 40 and half a second, at most 3 seconds), and returns each layer's");
        w.Line("/// median time, one per row of <see cref=\"Info\"/>'s <c>Layers</c>. Allocates only before the timed runs.");
        w.Line("/// </summary>");
        w.Line("/// <exception cref=\"global::System.ArgumentException\"><paramref name=\"input\"/> is not one image.</exception>");
        w.Line("/// <exception cref=\"global::System.ArgumentOutOfRangeException\"><paramref name=\"iterations\"/> is less than 1.</exception>");
        w.Open($"public {Rt}.ModelProfile Profile(global::System.ReadOnlySpan<float> input, int iterations)");
        w.Line($"long[] stamps = {Rt}.Execution.LayerTimer.Stamps(Info, input.Length, iterations);");
        w.Line($"global::System.Span<float> arena = {Rt}.Execution.ArenaPool.WindowOf({Rt}.Execution.ArenaPool.Allocate(ArenaFloats), ArenaFloats);");
        w.Line("float[] output = new float[Classes];");
        w.Line("global::System.ReadOnlySpan<float> w = _weights.Span;");
        w.Line($"long warmup = {Now};");
        w.Line($"for (int i = 0; {Rt}.Execution.LayerTimer.WarmingUp(i, warmup); i++) RunTimed(input, output, arena, w, new global::System.Span<long>(stamps, 0, {row}));");
        w.Line($"for (int i = 0; i < iterations; i++) RunTimed(input, output, arena, w, new global::System.Span<long>(stamps, i * {row}, {row}));");
        w.Line($"return {Rt}.Execution.LayerTimer.Summarize(Info, iterations, stamps);");
        w.Close();
        w.Line();
        w.Line("/// <summary>Run's kernel calls on one thread; <paramref name=\"stamps\"/>[0] before the first layer, [i + 1] after layer i.</summary>");
        w.Open("private static void RunTimed(global::System.ReadOnlySpan<float> input, global::System.Span<float> output, global::System.Span<float> arena, global::System.ReadOnlySpan<float> w, global::System.Span<long> stamps)");
        w.Line($"stamps[0] = {Now};");
        int next = 0;
        for (int layer = 0; layer < plan.Layers.Count; layer++)
        {
            bool ran = false;
            while (next < plan.Steps.Count && plan.Steps[next].Layer == layer)
            {
                w.Line(KernelCallWriter.Run(plan.Steps[next], plan, null));
                next++;
                ran = true;
            }
            string index = I(layer + 1);
            w.Line(ran ? $"stamps[{index}] = {Now}; // {plan.Layers[layer].Name}" : $"stamps[{index}] = stamps[{I(layer)}]; // {plan.Layers[layer].Name}: relabelled, no code");
        }
        w.Close();
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);
}
