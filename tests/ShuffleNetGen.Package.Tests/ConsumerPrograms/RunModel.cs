// A user's first program: seeded random weights under each model's own state_dict keys, Load, Predict through the
// interface every generated class implements, a checksum of the logits; for three families in one project.
using Contoso.Vision;
using ShuffleNetGen.Runtime;

var random = new Random(20240611);
if (!Run(ShuffleNetV2X1_0.Info, path => ShuffleNetV2X1_0.Load(path)) || !Run(MobileNetV2.Info, path => MobileNetV2.Load(path))
    || !Run(MobileNetV3Small.Info, path => MobileNetV3Small.Load(path))
    || !Run(SqueezeNet1_1.Info, path => SqueezeNet1_1.Load(path)))
{
    return 1;
}

Console.WriteLine("OK");
return 0;

bool Run(ModelInfo info, Func<string, IImageClassifier> load)
{
    string weightsPath = Path.Combine(AppContext.BaseDirectory, info.Name + ".safetensors");
    int tensorCount = SeededWeights.Write(info.Tensors, random, weightsPath);

    IImageClassifier model = load(weightsPath);
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
        Console.Error.WriteLine($"{info.Name}: the logits are not finite, or all zero.");
        return false;
    }

    return true;
}
