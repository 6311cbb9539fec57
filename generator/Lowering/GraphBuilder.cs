using System.Collections.Generic;
using ShuffleNetGen.Generator.Graph;
using ShuffleNetGen.Generator.Model;
using ShuffleNetGen.Generator.Spec;

namespace ShuffleNetGen.Generator.Lowering;

/// <summary>
/// Appends ops the way a PyTorch module's forward calls its submodules, naming each tensor after the module that produced it
/// and collecting the state_dict entries each module owns. Shared by every family's lowering.
/// </summary>
internal sealed class GraphBuilder
{
    private readonly List<LayerOp> _ops = new();
    private readonly List<FeaturePoint> _features = new();

    public const double BatchNormEpsilon = 1e-5;

    public IReadOnlyList<LayerOp> Ops => _ops;

    /// <summary>The spec key the next ops come from (e.g. <c>stages[2]</c>); diagnostics about them point there.</summary>
    public string SpecKey { get; set; } = "family";

    private void Add(LayerOp op) => _ops.Add(op with { SpecKey = SpecKey });

    /// <summary><c>nn.Conv2d(in, out, k, stride, padding, groups=groups, bias=withBias)</c> registered as <paramref name="module"/>.</summary>
    public (string Tensor, TensorShape Shape) Conv(string module, string input, TensorShape inShape, int outChannels,
        int kernel, int stride, int padding, int groups, bool withBias = false)
    {
        int outH = (inShape.Height + 2 * padding - kernel) / stride + 1;
        int outW = (inShape.Width + 2 * padding - kernel) / stride + 1;
        var outShape = new TensorShape(outChannels, outH, outW);
        string weightKey = module + ".weight";
        string? biasKey = withBias ? module + ".bias" : null;
        string output = module + ":out";
        Add(new Conv2dOp(module, input, output, inShape, outShape, kernel, stride, padding, groups, weightKey, biasKey));
        return (output, outShape);
    }

    /// <summary>
    /// torchvision's <c>Conv2dNormActivation</c> registered as <paramref name="module"/>: <c>.0</c> a k x k conv without bias,
    /// padding (k − 1) / 2; <c>.1</c> BatchNorm2d (eps <paramref name="epsilon"/>); <c>.2</c> the activation.
    /// </summary>
    public (string Tensor, TensorShape Shape) ConvNormActivation(string module, string input, TensorShape inShape, int outChannels,
        int kernel, int stride, int groups, ActivationKind activation, double epsilon = BatchNormEpsilon)
    {
        var (x, shape) = Conv(module + ".0", input, inShape, outChannels, kernel, stride, (kernel - 1) / 2, groups);
        x = BatchNorm(module + ".1", x, shape, epsilon);
        return (Activation(module + ".2", x, shape, activation), shape);
    }

    /// <summary><c>nn.BatchNorm2d(channels, eps)</c> registered as <paramref name="module"/>: weight and bias learned, running statistics buffers.</summary>
    public string BatchNorm(string module, string input, TensorShape shape, double epsilon = BatchNormEpsilon)
    {
        string output = module + ":out";
        Add(new BatchNormOp(module, input, output, shape, epsilon));
        return output;
    }

    /// <summary>
    /// torchvision's <c>SqueezeExcitation(C, squeeze, scale_activation=nn.Hardsigmoid)</c> registered as <paramref name="module"/>:
    /// <c>avgpool</c> → <c>fc1</c> (1x1 conv with bias) → ReLU → <c>fc2</c> → hard sigmoid → <c>scale * input</c>.
    /// </summary>
    public string SqueezeExcitation(string module, string input, TensorShape shape, int squeezeChannels)
    {
        string pooled = GlobalAvgPool(module + ".avgpool", input, shape);
        var (s, sShape) = Conv(module + ".fc1", pooled, new TensorShape(shape.Channels, 1, 1), squeezeChannels, kernel: 1, stride: 1, padding: 0, groups: 1, withBias: true);
        s = Activation(module + ".activation", s, sShape, ActivationKind.Relu);
        (s, sShape) = Conv(module + ".fc2", s, sShape, shape.Channels, kernel: 1, stride: 1, padding: 0, groups: 1, withBias: true);
        s = Activation(module + ".scale_activation", s, sShape, ActivationKind.HardSigmoid);
        string output = module + ":out";
        Add(new ChannelScaleOp(module, input, s, output, shape));
        return output;
    }

    /// <summary><c>nn.ReLU</c> registered as <paramref name="module"/>.</summary>
    public string Relu(string module, string input, TensorShape shape) => Activation(module, input, shape, ActivationKind.Relu);

    public string Activation(string module, string input, TensorShape shape, ActivationKind kind)
    {
        string output = module + ":out";
        Add(new ActivationOp(module, input, output, shape, kind));
        return output;
    }

    public (string Tensor, TensorShape Shape) MaxPool(string module, string input, TensorShape inShape, int kernel, int stride, int padding,
        bool ceilMode = false)
    {
        var outShape = ceilMode
            ? new TensorShape(inShape.Channels, CeilSize(inShape.Height, kernel, stride, padding), CeilSize(inShape.Width, kernel, stride, padding))
            : PoolShape(inShape, kernel, stride, padding);
        string output = module + ":out";
        Add(new MaxPoolOp(module, input, output, inShape, outShape, kernel, stride, padding) { CeilMode = ceilMode });
        return (output, outShape);
    }

    /// <summary>PyTorch's <c>ceil_mode=True</c> size: round up, unless the last window would then start in the padding.</summary>
    private static int CeilSize(int input, int kernel, int stride, int padding)
    {
        int size = (input + 2 * padding - kernel + stride - 1) / stride + 1;
        return (size - 1) * stride >= input + padding ? size - 1 : size;
    }

    public (string Tensor, TensorShape Shape) AvgPool(string module, string input, TensorShape inShape, int kernel, int stride, int padding)
    {
        var outShape = PoolShape(inShape, kernel, stride, padding);
        string output = module + ":out";
        Add(new AvgPoolOp(module, input, output, inShape, outShape, kernel, stride, padding, CountIncludePad: true));
        return (output, outShape);
    }

    public (string First, string Second) Split(string module, string input, TensorShape inShape)
    {
        string first = module + ":first", second = module + ":second";
        Add(new ChannelSplitOp(module, input, first, second, inShape));
        return (first, second);
    }

    public string Concat(string module, TensorShape outShape, params string[] parts)
    {
        string output = module + ":out";
        Add(new ConcatOp(module, parts.ToImmutableEquatableArray(), output, outShape));
        return output;
    }

    public string Shuffle(string module, string input, TensorShape shape, int groups, ShuffleOrder order)
    {
        string output = module + ":out";
        Add(new ChannelShuffleOp(module, input, output, shape, groups, order));
        return output;
    }

    public string Add(string module, string a, string b, TensorShape shape)
    {
        string output = module + ":out";
        Add(new AddOp(module, a, b, output, shape));
        return output;
    }

    public string GlobalAvgPool(string module, string input, TensorShape inShape)
    {
        string output = module + ":out";
        Add(new GlobalAvgPoolOp(module, input, output, inShape));
        return output;
    }

    public string Linear(string module, string input, int inFeatures, int outFeatures, bool withBias)
    {
        string weightKey = module + ".weight";
        string? biasKey = withBias ? module + ".bias" : null;
        string output = module + ":out";
        Add(new LinearOp(module, input, output, inFeatures, outFeatures, weightKey, biasKey));
        return output;
    }

    /// <summary>Names <paramref name="tensor"/> (a module's output, as the reference module returns it) for <c>features:</c>.</summary>
    public void Feature(string name, string tensor, TensorShape shape) => _features.Add(new FeaturePoint(name, tensor, shape));

    public LayerGraph Build(ModelSpec spec, string outputTensor) => new()
    {
        Spec = spec,
        InputShape = new TensorShape(spec.InputChannels, spec.InputHeight, spec.InputWidth),
        OutputTensor = outputTensor,
        Classes = spec.Classes,
        Ops = _ops.ToImmutableEquatableArray(),
        Weights = LayerGraph.WeightsOf(_ops),
        FeaturePoints = _features.ToImmutableEquatableArray(),
    };

    private static TensorShape PoolShape(TensorShape inShape, int kernel, int stride, int padding) =>
        new(inShape.Channels, (inShape.Height + 2 * padding - kernel) / stride + 1, (inShape.Width + 2 * padding - kernel) / stride + 1);
}
