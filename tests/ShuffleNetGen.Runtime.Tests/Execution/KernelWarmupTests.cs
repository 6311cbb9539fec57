using System;
using System.Threading;
using ShuffleNetGen.Runtime.Execution;
using Xunit;

namespace ShuffleNetGen.Runtime.Tests.Execution;

public sealed class KernelWarmupTests
{
    [Fact]
    public void RunsOnceOnABackgroundThreadPerFlag()
    {
        int started = 0, runs = 0;
        int callerThread = Environment.CurrentManagedThreadId;
        int warmupThread = -1;
        bool background = false;
        using var done = new ManualResetEventSlim();
        Action run = () =>
        {
            warmupThread = Environment.CurrentManagedThreadId;
            background = Thread.CurrentThread.IsBackground;
            Interlocked.Increment(ref runs);
            done.Set();
        };

        KernelWarmup.Start(ref started, run);
        KernelWarmup.Start(ref started, run);

        Assert.True(done.Wait(TimeSpan.FromSeconds(30)), "the warm-up never ran");
        Thread.Sleep(50);
        Assert.Equal(1, Volatile.Read(ref runs));
        Assert.Equal(1, started);
        Assert.NotEqual(callerThread, warmupThread);
        Assert.True(background, "the warm-up thread must not keep the process alive");
    }

    [Fact]
    public void AFailingWarmupDoesNotEscape()
    {
        int started = 0;
        using var done = new ManualResetEventSlim();
        bool unhandled = false;
        UnhandledExceptionEventHandler handler = (_, _) => unhandled = true;
        AppDomain.CurrentDomain.UnhandledException += handler;
        try
        {
            KernelWarmup.Start(ref started, () =>
            {
                done.Set();
                throw new InvalidOperationException("kernel bug");
            });
            Assert.True(done.Wait(TimeSpan.FromSeconds(30)), "the warm-up never ran");
            Thread.Sleep(100);
            Assert.False(unhandled);
        }
        finally
        {
            AppDomain.CurrentDomain.UnhandledException -= handler;
        }
    }

    [Fact]
    public void NullRunIsRejected()
    {
        int started = 0;
        Assert.Throws<ArgumentNullException>(() => KernelWarmup.Start(ref started, null!));
        Assert.Equal(0, started);
    }
}
