using System;
using ShuffleNetGen.Runtime.Execution;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Execution;

/// <summary>The arena hand-off from the kernel warm-up to a model's first instance, and renting around it.</summary>
public sealed class ArenaPoolTests
{
    [Fact]
    public void An_adopted_arena_is_the_next_one_rented_and_its_window_is_aligned()
    {
        const int floats = 1000;
        var pool = new ArenaPool(floats);
        float[] warm = ArenaPool.Allocate(floats);
        pool.Adopt(warm);

        float[] rented = pool.Rent();
        Assert.Same(warm, rented);
        Span<float> window = pool.Window(rented);
        Assert.Equal(floats, window.Length);
        Assert.True(window.Overlaps(ArenaPool.WindowOf(warm, floats), out int offset) && offset == 0, "the warm-up and the pool see the same window");
        unsafe
        {
            fixed (float* start = window)
            {
                Assert.Equal(0u, (uint)((nuint)start % 64));
            }
        }
    }

    [Fact]
    public void Adopting_nothing_leaves_the_pool_allocating_as_before()
    {
        var pool = new ArenaPool(64);
        pool.Adopt(null);
        float[] first = pool.Rent(), second = pool.Rent();
        Assert.NotSame(first, second);
        Assert.Equal(ArenaPool.Allocate(64).Length, first.Length);
    }

    [Fact]
    public void An_arena_of_another_size_is_refused_with_both_sizes()
    {
        var pool = new ArenaPool(1000);
        ArgumentException error = Assert.Throws<ArgumentException>(() => pool.Adopt(ArenaPool.Allocate(999)));
        Assert.Equal("arena", error.ParamName);
        Assert.Contains("1015", error.Message, StringComparison.Ordinal);
        Assert.Contains("1014", error.Message, StringComparison.Ordinal);
    }
}
