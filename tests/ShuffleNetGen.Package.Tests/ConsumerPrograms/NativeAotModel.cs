// Run twice by the NativeAOT test, JIT-compiled and published with PublishAot: prints the SIMD path the kernels took, the
// logits of ShuffleNet V2 1.0x under seeded random weights (written as safetensors, loaded back), and the logits of
// ShuffleNet V2 0.5x from the torch.save checkpoint given as the argument, each as round-trip floats on one line.
using System.Globalization;
using Contoso.Vision;
using ShuffleNetGen.Runtime;

var random = new Random(20240611);
string weightsPath = Path.Combine(AppContext.BaseDirectory, "random.safetensors");
SeededWeights.Write(ShuffleNetV2X1_0.Info.Tensors, random, weightsPath);
IImageClassifier model = ShuffleNetV2X1_0.Load(weightsPath);
var image = new float[model.InputLength];
for (int i = 0; i < image.Length; i++)
{
    image[i] = 2f * random.NextSingle() - 1f;
}

var logits = new float[model.Classes];
model.Predict(image, logits);

// The input of make_pth_fixtures.py: ((i * 7919) mod 1000) / 500 - 1, exact in both languages.
IImageClassifier fromCheckpoint = ShuffleNetV2X0_5.Load(args[0]);
float[] fixtureImage = Enumerable.Range(0, fromCheckpoint.InputLength).Select(i => (float)((i * 7919L % 1000) / 500.0 - 1.0)).ToArray();
var checkpointLogits = new float[fromCheckpoint.Classes];
fromCheckpoint.Predict(fixtureImage, checkpointLogits);

Console.WriteLine("simd: " + SimdPath.Name);
Console.WriteLine("v2_x1_0: " + Format(logits));
Console.WriteLine("v2_x0_5: " + Format(checkpointLogits));
return 0;

static string Format(float[] values) => string.Join(' ', values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
