using System.Collections.Generic;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary>
/// The paths each test runs: every width this machine accelerates pinned through the kernels' internal
/// overloads (scalar always), and <see langword="null"/> for the public entry point's own choice.
/// </summary>
internal static class KernelPaths
{
    public static IEnumerable<VectorWidth?> All()
    {
        yield return null;
        foreach (VectorWidth width in new[] { VectorWidth.Scalar, VectorWidth.V128, VectorWidth.V256, VectorWidth.V512 })
        {
            if (KernelDispatch.IsAccelerated(width))
            {
                yield return width;
            }
        }
    }

    public static string Name(VectorWidth? path) => path?.ToString() ?? "public Run";
}
