// Uses only the class of the valid spec: with a broken spec beside it, the build must still know this class.
using Contoso.Vision;

Console.WriteLine($"{ShuffleNetV2X1_0.Classes} classes, {ShuffleNetV2X1_0.Info.MultiplyAdds} multiply-adds");
