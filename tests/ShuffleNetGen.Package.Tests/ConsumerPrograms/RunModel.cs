// A user's first program: seeded random weights under the model's own state_dict keys (what torchvision's
// shufflenet_v2_x1_0().state_dict() saved with safetensors would hold), Load, Predict through the interface every generated
// class implements, a checksum of the logits.
using Contoso.Vision;
using ShuffleNetGen.Runtime;
using ShuffleNetGen.Runtime.Weights;

var random = new Random(20240611);
var tensors = new List<SafetensorsTensor>();
foreach (WeightTensorInfo tensor in ShuffleNetV2X1_0.Info.Tensors)
{
    int[] shape = tensor.Shape.ToArray();
    var values = new float[shape.Aggregate(1, (count, dimension) => count * dimension)];
    bool variance = tensor.Key.EndsWith(".running_var", StringComparison.Ordinal);
    for (int i = 0; i < values.Length; i++)
    {
        // Variances must be positive; everything else small and centred, so the logits stay finite.
        values[i] = variance ? 0.5f + random.NextSingle() : 0.2f * (random.NextSingle() - 0.5f);
    }

    tensors.Add(SafetensorsTensor.FromFloats(tensor.Key, shape, values));
    if (tensor.Key.EndsWith(".running_mean", StringComparison.Ordinal))
    {
        // PyTorch saves a scalar int64 counter beside each BatchNorm's statistics; loading ignores it.
        string counter = tensor.Key[..^".running_mean".Length] + ".num_batches_tracked";
        tensors.Add(SafetensorsTensor.FromInt64(counter, [], [100L]));
    }
}

string weightsPath = Path.Combine(AppContext.BaseDirectory, "random.safetensors");
SafetensorsWriter.Write(weightsPath, tensors);

IImageClassifier model = ShuffleNetV2X1_0.Load(weightsPath);
var input = new float[model.InputChannels * model.InputHeight * model.InputWidth];
for (int i = 0; i < input.Length; i++)
{
    input[i] = 2f * random.NextSingle() - 1f;
}

var logits = new float[model.Classes];
model.Predict(input, logits);

double checksum = logits.Sum(l => (double)l);
Console.WriteLine($"{model.GetType().FullName}: {tensors.Count} tensors, {logits.Length} logits, checksum {checksum:R}");
if (!logits.All(float.IsFinite) || logits.All(l => l == 0f))
{
    Console.Error.WriteLine("The logits are not finite, or all zero.");
    return 1;
}

Console.WriteLine("OK");
return 0;
