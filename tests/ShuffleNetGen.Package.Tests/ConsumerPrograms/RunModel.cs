// A user's first program: seeded random weights under the model's own state_dict keys, Load, Predict through the
// interface every generated class implements, a checksum of the logits.
using Contoso.Vision;
using ShuffleNetGen.Runtime;

var random = new Random(20240611);
string weightsPath = Path.Combine(AppContext.BaseDirectory, "random.safetensors");
int tensorCount = SeededWeights.Write(ShuffleNetV2X1_0.Info.Tensors, random, weightsPath);

IImageClassifier model = ShuffleNetV2X1_0.Load(weightsPath);
var input = new float[model.InputChannels * model.InputHeight * model.InputWidth];
for (int i = 0; i < input.Length; i++)
{
    input[i] = 2f * random.NextSingle() - 1f;
}

var logits = new float[model.Classes];
model.Predict(input, logits);

double checksum = logits.Sum(l => (double)l);
Console.WriteLine($"{model.GetType().FullName}: {tensorCount} tensors, {logits.Length} logits, checksum {checksum:R}");
if (!logits.All(float.IsFinite) || logits.All(l => l == 0f))
{
    Console.Error.WriteLine("The logits are not finite, or all zero.");
    return 1;
}

Console.WriteLine("OK");
return 0;
