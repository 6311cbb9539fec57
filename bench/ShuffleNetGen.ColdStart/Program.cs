// Loads ShuffleNet V2 1.0x from the safetensors file given, runs one zero image and prints what `bench startup` reads: the
// milliseconds from Main to the first logits ("coldstart-ms 123.4"), then the SIMD path the kernels took ("simd AVX2 + FMA").
using System;
using System.Diagnostics;
using System.Globalization;
using ShuffleNetGen.ColdStart;
using ShuffleNetGen.Runtime;

if (args.Length != 1)
{
    Console.Error.WriteLine("usage: ShuffleNetGen.ColdStart <shufflenet_v2_x1_0 weights.safetensors>");
    return 2;
}

long started = Stopwatch.GetTimestamp();
ShuffleNetV2X1_0 model = ShuffleNetV2X1_0.Load(args[0]);
var logits = new float[ShuffleNetV2X1_0.Classes];
model.Predict(new float[ShuffleNetV2X1_0.InputChannels * ShuffleNetV2X1_0.InputHeight * ShuffleNetV2X1_0.InputWidth], logits);
double milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
if (!float.IsFinite(logits[0]))
{
    Console.Error.WriteLine("ShuffleNetV2X1_0 produced a non-finite logit on a zero image.");
    return 1;
}

Console.WriteLine("coldstart-ms " + milliseconds.ToString("R", CultureInfo.InvariantCulture));
Console.WriteLine("simd " + SimdPath.Name);
return 0;
