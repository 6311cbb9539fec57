using System;
using System.IO;
using System.Linq;
using Classify;
using ShuffleNetGen.Runtime.Classification;
using ShuffleNetGen.Runtime.Imaging;
using ShuffleNetGen.Runtime.Weights;

// The README's image example: an image file in (PNG, JPEG, BMP, TGA, GIF), its top classes out, with ShuffleNet V2 1.0x
// preprocessed as torchvision evaluates it. Usage: Classify <image> [--weights shufflenet_v2_x1_0.pth] [--top 5]
const string Usage = "usage: Classify <image> [--weights <.pth or .safetensors of torchvision's shufflenet_v2_x1_0>] [--top <n>]";
string? image = null, weights = null;
int top = 5;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--help" or "-h":
            Console.WriteLine(Usage);
            return 0;
        case "--weights" when i + 1 < args.Length:
            weights = args[++i];
            break;
        case "--top" when i + 1 < args.Length && int.TryParse(args[i + 1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out top) && top >= 1:
            i++;
            break;
        case var arg when !arg.StartsWith('-') && image is null:
            image = arg;
            break;
        default:
            Console.Error.WriteLine($"error: unexpected argument '{args[i]}'\n{Usage}");
            return 1;
    }
}
if (image is null)
{
    Console.Error.WriteLine("error: no image given\n" + Usage);
    return 1;
}

try
{
    ShuffleNetV2X1_0 model;
    if (weights is null)
    {
        model = ShuffleNetV2X1_0.Load(ShuffleNetGen.Samples.RandomWeights.Stream(ShuffleNetV2X1_0.Info, seed: 42));
        Console.WriteLine("No --weights given: seeded random weights, so the classes below are not meaningful. For real ones, save");
        Console.WriteLine("torchvision.models.shufflenet_v2_x1_0(weights=\"IMAGENET1K_V1\").state_dict() with torch.save and pass --weights.");
    }
    else
    {
        model = ShuffleNetV2X1_0.Load(weights);
    }

    Console.WriteLine($"{image}, preprocessed as {ShuffleNetV2X1_0.Preprocessing}:");
    foreach (ClassScore score in model.Classify(File.ReadAllBytes(image), top))
    {
        Console.WriteLine($"  {score.Probability,7:P2}  {score.Label} (class {score.Index})");
    }
    return 0;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or WeightFileException or ImageDecodeException)
{
    Console.Error.WriteLine("error: " + (e is ImageDecodeException ? image + ": " : "") + e.Message);
    return 1;
}
