using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;
using ShuffleNetGen.Runtime.Kernels;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>
/// Checks a Predict call's spans and runs its images. One image runs on a team of threads, each computing its share of
/// every layer (<see cref="Lane"/>); a batch spreads whole images over the team (or the thread pool when another caller
/// has the team), which needs no barriers at all.
/// </summary>
/// <remarks>For use by the code the ShuffleNetGen generator emits; not meant to be called directly, and may change in any release.</remarks>
[System.ComponentModel.EditorBrowsable(System.ComponentModel.EditorBrowsableState.Never)]
public static class BatchRunner
{
    /// <summary>Checks a thread limit a user sets on a model: at least 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="threads"/> is less than 1.</exception>
    public static int CheckMaxThreads(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1, "MaxThreads");
        return threads;
    }

    /// <summary>The default thread limit of a model: every core.</summary>
    public static int DefaultMaxThreads => Environment.ProcessorCount;

    /// <summary>
    /// Images whose classifier runs as one call (<see cref="IImageModel.RunHead"/>) in a batch: their bodies run first,
    /// then the classifier streams its weights once for all of them. 32 images of 1,536 features are 192 KB of buffer.
    /// </summary>
    public const int HeadChunk = 32;

    /// <summary>A generated <c>Predict</c>: checks the spans against <paramref name="batch"/> images, then runs them.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batch"/> is less than 1.</exception>
    /// <exception cref="ArgumentException">A span's length is not <paramref name="batch"/> images' worth.</exception>
    public static unsafe void Run<TModel>(TModel model, ReadOnlySpan<float> input, Span<float> output, int batch,
        int inputLength, int outputLength, string inputShape) where TModel : class, IImageModel
    {
        ArgumentNullException.ThrowIfNull(model);
        if (batch <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, "The batch size must be at least 1.");
        }
        long expectedIn = (long)batch * inputLength, expectedOut = (long)batch * outputLength;
        if (input.Length != expectedIn)
        {
            throw new ArgumentException(
                $"input must hold {batch} image(s) of {inputShape} = {expectedIn} floats, but has {input.Length}.", nameof(input));
        }
        if (output.Length != expectedOut)
        {
            throw new ArgumentException(
                $"output must hold {batch} x {outputLength} = {expectedOut} logits, but has {output.Length}.", nameof(output));
        }

        int threads = Math.Min(model.MaxThreads, Environment.ProcessorCount);
        int workers = Math.Min(batch, threads);
        if (batch == 1)
        {
            RunImage(model, input, output, threads);
            return;
        }

        // A batch whose model ends in a linear classifier runs it once per chunk, from the chunk's features.
        ArenaPool? headBuffers = model.HeadInputs > 0 ? model.HeadBuffers : null;
        float[]? heads = headBuffers?.Rent();
        try
        {
            Span<float> features = heads is null ? default : headBuffers!.Window(heads);
            if (workers > 1)
            {
                RunSpread(model, input, output, batch, inputLength, outputLength, workers, features);
            }
            else if (!features.IsEmpty)
            {
                RunChunksAlone(model, input, output, batch, inputLength, outputLength, features);
            }
            else
            {
                for (int b = 0; b < batch; b++)
                {
                    RunImage(model, input.Slice(b * inputLength, inputLength), output.Slice(b * outputLength, outputLength), threads);
                }
            }
        }
        finally
        {
            if (heads is not null)
            {
                headBuffers!.Return(heads);
            }
        }
    }

    /// <summary>
    /// A batch over several threads: on the lane team (each lane takes the next image; with a shared classifier, the lanes
    /// then split each chunk's classifier by rows), or on the thread pool when another caller has the team.
    /// </summary>
    private static unsafe void RunSpread(IImageModel model, ReadOnlySpan<float> input, Span<float> output, int batch,
        int inputLength, int outputLength, int workers, Span<float> features)
    {
        fixed (float* inPtr = input)
        fixed (float* outPtr = output)
        fixed (float* featurePtr = features)
        {
            // The lane team's helpers are already running (or wake in microseconds) and the job object is reused, so a
            // batch on the team starts at once and allocates nothing; each lane takes the next image until none is left.
            // The team has at most LaneTeam.MaxLanes lanes: a batch that could use more cores goes to the thread pool.
            LaneTeam? team = workers <= Math.Min(Environment.ProcessorCount, LaneTeam.MaxLanes) ? LaneTeam.TryRent() : null;
            if (team is not null)
            {
                try
                {
                    BatchJob job = BatchJob.Shared;
                    job.Set(model, inPtr, outPtr, inputLength, outputLength, batch, features.IsEmpty ? null : featurePtr);
                    try
                    {
                        team.Run(job, Math.Min(workers, team.Size));
                    }
                    finally
                    {
                        job.Clear();
                    }
                }
                finally
                {
                    LaneTeam.Return(team);
                }

                return;
            }

            // The team is busy with another caller's Predict, or too small: the thread pool instead.
            var options = new ParallelOptions { MaxDegreeOfParallelism = workers };
            if (features.IsEmpty)
            {
                var pooled = new PooledBatchJob(model, (nint)inPtr, (nint)outPtr, inputLength, outputLength, 0);
                Parallel.For(0, batch, options, pooled.Run);
                return;
            }

            int f = model.HeadInputs;
            for (int start = 0; start < batch; start += HeadChunk)
            {
                int count = Math.Min(HeadChunk, batch - start);
                var bodies = new PooledBatchJob(model, (nint)inPtr, (nint)featurePtr, inputLength, f, start);
                Parallel.For(start, start + count, options, bodies.RunBody);
                RunChunkHead(model, features, output, start, count, outputLength, Part.Whole);
            }
        }
    }

    /// <summary>
    /// The classifier of the chunk of <paramref name="count"/> images from image <paramref name="start"/>: their features
    /// (the first <paramref name="count"/> of the chunk buffer) to their logits in the batch's output.
    /// </summary>
    private static void RunChunkHead(IImageModel model, Span<float> features, Span<float> output, int start, int count, int outputLength,
        Part part) =>
        model.RunHead(features.Slice(0, count * model.HeadInputs), output.Slice(start * outputLength, count * outputLength), count, part);

    /// <summary>A batch on the calling thread alone: each chunk's bodies, then its classifier once.</summary>
    private static void RunChunksAlone(IImageModel model, ReadOnlySpan<float> input, Span<float> output, int batch, int inputLength,
        int outputLength, Span<float> features)
    {
        ArenaPool arenas = model.Arenas;
        float[] arena = arenas.Rent();
        try
        {
            Span<float> window = arenas.Window(arena);
            int f = model.HeadInputs;
            for (int start = 0; start < batch; start += HeadChunk)
            {
                int count = Math.Min(HeadChunk, batch - start);
                for (int i = 0; i < count; i++)
                {
                    model.RunBody(input.Slice((start + i) * inputLength, inputLength), features.Slice(i * f, f), window, Lane.Solo);
                }

                RunChunkHead(model, features, output, start, count, outputLength, Part.Whole);
            }
        }
        finally
        {
            arenas.Return(arena);
        }
    }

    /// <summary>
    /// One image: on the process's lane team when <paramref name="threads"/> and the model allow, the team has lately been
    /// the faster (<see cref="LaneChoice"/>) and it is free; else alone.
    /// </summary>
    private static unsafe void RunImage(IImageModel model, ReadOnlySpan<float> input, Span<float> output, int threads)
    {
        ArenaPool arenas = model.Arenas;
        float[] arena = arenas.Rent();
        try
        {
            Span<float> window = arenas.Window(arena);
            LaneChoice choice = model.LaneChoice;
            bool choose = threads >= 2 && model.SharesImages;
            bool timed = false;
            LaneTeam? team = choose && choice.PreferTeam(out timed) ? LaneTeam.TryRent() : null;
            long started = Stopwatch.GetTimestamp();
            if (team is null)
            {
                model.RunLane(input, output, window, Lane.Solo);
                if (choose && timed)
                {
                    choice.Record(team: false, Stopwatch.GetTimestamp() - started);
                }

                return;
            }

            try
            {
                fixed (float* x = input)
                fixed (float* y = output)
                fixed (float* a = window)
                {
                    ImageJob job = ImageJob.Shared;
                    job.Set(model, x, input.Length, y, output.Length, a, window.Length);
                    try
                    {
                        team.Run(job, Math.Min(threads, team.Size));
                        if (timed)
                        {
                            choice.Record(team: true, Stopwatch.GetTimestamp() - started);
                        }
                    }
                    finally
                    {
                        job.Clear();
                    }
                }
            }
            finally
            {
                LaneTeam.Return(team);
            }
        }
        finally
        {
            arenas.Return(arena);
        }
    }

    /// <summary>The pinned spans of one image as addresses the team's helper threads turn back into spans.</summary>
    /// <remarks>One instance serves the process: only the thread that has rented the team uses it.</remarks>
    private sealed unsafe class ImageJob : ILaneJob
    {
        public static readonly ImageJob Shared = new();

        private IImageModel? _model;
        private float* _input, _output, _arena;
        private int _inputLength, _outputLength, _arenaLength;

        public void Set(IImageModel model, float* input, int inputLength, float* output, int outputLength, float* arena, int arenaLength)
        {
            _model = model;
            _input = input;
            _inputLength = inputLength;
            _output = output;
            _outputLength = outputLength;
            _arena = arena;
            _arenaLength = arenaLength;
        }

        public void Clear()
        {
            _model = null;
            _input = _output = _arena = null;
        }

        public void RunLane(Lane lane) => _model!.RunLane(
            new ReadOnlySpan<float>(_input, _inputLength), new Span<float>(_output, _outputLength), new Span<float>(_arena, _arenaLength), lane);
    }

    /// <summary>Runs image <paramref name="image"/> of a pinned batch alone, on an arena of its own.</summary>
    private static unsafe void RunBatchImage(IImageModel model, float* input, float* output, int inputLength, int outputLength, int image) =>
        RunAlone(model, new ReadOnlySpan<float>(input + ((long)image * inputLength), inputLength),
            new Span<float>(output + ((long)image * outputLength), outputLength), body: false);

    /// <summary>
    /// One image alone on an arena rented for it: the whole model into its logits, or with <paramref name="body"/> up to
    /// the classifier, its input into <paramref name="destination"/> (<see cref="IImageModel.RunBody"/>).
    /// </summary>
    private static void RunAlone(IImageModel model, ReadOnlySpan<float> input, Span<float> destination, bool body)
    {
        ArenaPool arenas = model.Arenas;
        float[] arena = arenas.Rent();
        try
        {
            if (body)
            {
                model.RunBody(input, destination, arenas.Window(arena), Lane.Solo);
            }
            else
            {
                model.RunLane(input, destination, arenas.Window(arena), Lane.Solo);
            }
        }
        finally
        {
            arenas.Return(arena);
        }
    }

    /// <summary>
    /// A batch on the lane team: every lane takes the next image until none is left. With a shared classifier (features
    /// not null) it goes chunk by chunk: the chunk's bodies, a barrier, the chunk's classifier split over the lanes by
    /// output rows, and a barrier before the next chunk reuses the features.
    /// </summary>
    /// <remarks>One instance serves the process: only the thread that has rented the team uses it.</remarks>
    private sealed unsafe class BatchJob : ILaneJob
    {
        public static readonly BatchJob Shared = new();

        private IImageModel? _model;
        private float* _input, _output, _features;
        private int _inputLength, _outputLength, _batch, _next;

        public void Set(IImageModel model, float* input, float* output, int inputLength, int outputLength, int batch, float* features)
        {
            _model = model;
            _input = input;
            _output = output;
            _features = features;
            _inputLength = inputLength;
            _outputLength = outputLength;
            _batch = batch;
            _next = 0;
        }

        public void Clear()
        {
            _model = null;
            _input = _output = _features = null;
        }

        public void RunLane(Lane lane)
        {
            if (_features == null)
            {
                for (int image = Interlocked.Increment(ref _next) - 1; image < _batch; image = Interlocked.Increment(ref _next) - 1)
                {
                    RunBatchImage(_model!, _input, _output, _inputLength, _outputLength, image);
                }

                return;
            }

            IImageModel model = _model!;
            int f = model.HeadInputs;
            ArenaPool arenas = model.Arenas;
            float[] arena = arenas.Rent();
            try
            {
                Span<float> window = arenas.Window(arena);
                for (int start = 0; start < _batch; start += HeadChunk)
                {
                    int end = Math.Min(_batch, start + HeadChunk);
                    for (int image = Claim(end); image >= 0; image = Claim(end))
                    {
                        model.RunBody(new ReadOnlySpan<float>(_input + ((long)image * _inputLength), _inputLength),
                            new Span<float>(_features + ((long)(image - start) * f), f), window, Lane.Solo);
                    }

                    lane.Sync();
                    RunChunkHead(model, new Span<float>(_features, HeadChunk * f), new Span<float>(_output, _batch * _outputLength), start,
                        end - start, _outputLength, lane.Part);
                    if (end < _batch)
                    {
                        lane.Sync();
                    }
                }
            }
            finally
            {
                arenas.Return(arena);
            }
        }

        /// <summary>The next image before <paramref name="end"/> nobody has taken, or -1 (the next chunk's images stay untaken).</summary>
        private int Claim(int end)
        {
            while (true)
            {
                int image = Volatile.Read(ref _next);
                if (image >= end)
                {
                    return -1;
                }

                if (Interlocked.CompareExchange(ref _next, image + 1, image) == image)
                {
                    return image;
                }
            }
        }
    }

    /// <summary>
    /// The pinned spans of one batched call for the thread pool: whole images (<see cref="Run"/>), or bodies whose
    /// classifier inputs go to the chunk's features (<see cref="RunBody"/>; <c>output</c> is then the features and
    /// <c>outputLength</c> their floats per image, from image <c>first</c> on).
    /// </summary>
    private sealed unsafe class PooledBatchJob(IImageModel model, nint input, nint output, int inputLength, int outputLength, int first)
    {
        public void Run(int image) => RunBatchImage(model, (float*)input, (float*)output, inputLength, outputLength, image);

        public void RunBody(int image) => RunAlone(model, new ReadOnlySpan<float>((float*)input + ((long)image * inputLength), inputLength),
            new Span<float>((float*)output + ((long)(image - first) * outputLength), outputLength), body: true);
    }
}
