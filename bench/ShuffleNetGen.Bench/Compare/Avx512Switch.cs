namespace ShuffleNetGen.Bench.Compare;

/// <summary><c>compare --no-avx512</c>: the environment switch that narrows the JIT to the AVX2 path on an AVX-512 machine.</summary>
internal static class Avx512Switch
{
    public const string Variable = "DOTNET_EnableAVX512";

    /// <summary>True when this process runs with <c>DOTNET_EnableAVX512=0</c>.</summary>
    public static bool IsOff => System.Environment.GetEnvironmentVariable(Variable) == "0";
}
