using System;
using ShuffleNetGen.Runtime.Kernels;
using Xunit;

namespace ShuffleNetGen.Kernels.Tests;

/// <summary><see cref="Part"/>: the parts of a call cover its work items exactly once, in whole chunks, as evenly as chunks allow.</summary>
public sealed class PartTests
{
    [Fact]
    public void DefaultIsTheWholeCall()
    {
        Part whole = default;
        Assert.Equal(Part.Whole, whole);
        Assert.True(whole.IsWhole);
        Assert.Equal(0, whole.Index);
        Assert.Equal(1, whole.Count);
        Assert.Equal((0, 10), whole.Range(10));
        Assert.Equal((0, 10), whole.Range(10, 4));
        Assert.Equal((0, 0), whole.Range(0, 16));
        Assert.Equal("part 0 of 1", whole.ToString());
    }

    [Fact]
    public void OnePartOfOneIsTheWholeCall()
    {
        var one = new Part(0, 1);
        Assert.True(one.IsWhole);
        Assert.Equal(Part.Whole, one);
        Assert.True(one == Part.Whole);
        Assert.Equal(Part.Whole.GetHashCode(), one.GetHashCode());
        Assert.Equal((0, 1000), one.Range(1000, 16));
    }

    [Fact]
    public void EqualityComparesIndexAndCount()
    {
        Assert.Equal(new Part(1, 3), new Part(1, 3));
        Assert.True(new Part(1, 3) == new Part(1, 3));
        Assert.True(new Part(1, 3) != new Part(1, 4));
        Assert.True(new Part(1, 3) != new Part(2, 3));
        Assert.False(new Part(0, 2).Equals((object)"part 0 of 2"));
        Assert.Equal(new Part(2, 4).GetHashCode(), new Part(2, 4).GetHashCode());
        Assert.Equal("part 2 of 4", new Part(2, 4).ToString());
    }

    [Theory]
    [InlineData(0, 0, "count")]
    [InlineData(0, -1, "count")]
    [InlineData(-1, 2, "index")]
    [InlineData(2, 2, "index")]
    [InlineData(int.MinValue, 3, "index")]
    public void ConstructorRejectsACountBelowOneOrAnIndexOutsideIt(int index, int count, string parameter)
    {
        ArgumentOutOfRangeException error = Assert.Throws<ArgumentOutOfRangeException>(() => new Part(index, count));
        Assert.Equal(parameter, error.ParamName);
    }

    public static TheoryData<int, int, int> Splits()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int units in new[] { 0, 1, 2, 3, 5, 15, 16, 17, 24, 58, 116, 232, 464, 1000, 1024 })
        {
            foreach (int granule in new[] { 1, 4, 16 })
            {
                foreach (int count in new[] { 1, 2, 3, 4, 7 })
                {
                    data.Add(units, granule, count);
                }
            }
        }

        // Large enough that chunks * index overflows an int.
        data.Add(int.MaxValue, 1, 3);
        data.Add(int.MaxValue, 16, 4);
        data.Add(int.MaxValue - 5, 16, 7);
        return data;
    }

    [Theory]
    [MemberData(nameof(Splits))]
    public void PartsCoverEveryUnitOnceInWholeChunksAsEvenlyAsChunksAllow(int units, int granule, int count)
    {
        long chunks = ((long)units + granule - 1) / granule;
        int[]? cover = units <= 100_000 ? new int[units] : null;
        int previousEnd = 0;
        for (int index = 0; index < count; index++)
        {
            (int start, int end) = new Part(index, count).Range(units, granule);
            string context = $"part {index} of {count}, {units} units in chunks of {granule}: [{start}, {end})";
            Assert.True(start == previousEnd, $"{context} does not start where part {index - 1} ended ({previousEnd}).");
            Assert.True(start <= end, $"{context} is reversed.");
            Assert.True(start % granule == 0, $"{context} does not start on a chunk boundary.");
            Assert.True(end % granule == 0 || end == units, $"{context} does not end on a chunk boundary or at the end.");

            // As even as whole chunks allow: every part has the floor or the ceiling of chunks / count.
            long partChunks = ((long)end - start + granule - 1) / granule;
            Assert.True(partChunks == chunks / count || partChunks == (chunks + count - 1) / count,
                $"{context} has {partChunks} of {chunks} chunks.");

            if (cover is not null)
            {
                for (int u = start; u < end; u++)
                {
                    cover[u]++;
                }
            }

            previousEnd = end;
        }

        Assert.Equal(units, previousEnd);
        if (cover is not null)
        {
            Assert.All(cover, times => Assert.Equal(1, times));
        }
    }
}
