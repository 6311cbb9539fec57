using System;
using System.Threading.Tasks;

namespace ShuffleNetGen.Runtime.Execution;

/// <summary>Checks a Predict call's spans and runs its images, spread over cores when there are several.</summary>
public static class BatchRunner
{
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
        int workers = Math.Min(batch, Environment.ProcessorCount);
        if (workers <= 1)
        {
            for (int b = 0; b < batch; b++)
            {
                model.RunImage(input.Slice(b * inputLength, inputLength), output.Slice(b * outputLength, outputLength));
            }
            return;
        }
        fixed (float* inPtr = input)
        fixed (float* outPtr = output)
        {
            var job = new BatchJob<TModel>(model, (nint)inPtr, (nint)outPtr, inputLength, outputLength);
            Parallel.For(0, batch, new ParallelOptions { MaxDegreeOfParallelism = workers }, job.Run);
        }
    }

    /// <summary>The pinned spans of one batched call, as addresses a worker thread can turn back into spans.</summary>
    private sealed unsafe class BatchJob<TModel>(TModel model, nint input, nint output, int inputLength, int outputLength)
        where TModel : class, IImageModel
    {
        public void Run(int image)
        {
            var x = new ReadOnlySpan<float>((float*)input + (long)image * inputLength, inputLength);
            var y = new Span<float>((float*)output + (long)image * outputLength, outputLength);
            model.RunImage(x, y);
        }
    }
}
