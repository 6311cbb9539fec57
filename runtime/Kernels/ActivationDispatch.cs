using System;
using System.Diagnostics;

namespace ShuffleNetGen.Runtime.Kernels;

/// <summary>A kernel body generic over its store's activation, which <see cref="ActivationDispatch"/> instantiates.</summary>
internal interface IActivationKernel
{
    void Run<TActivation>() where TActivation : struct, IActivationOperator;
}

/// <summary>
/// The one place an <see cref="Activation"/> becomes its operator type: each kernel picks its generic body here once per
/// call, so adding an activation is its enum value, its operator and its line below.
/// </summary>
internal static class ActivationDispatch
{
    public static void Run<TKernel>(Activation activation, TKernel kernel)
        where TKernel : IActivationKernel, allows ref struct
    {
        switch (activation)
        {
            case Activation.Identity:
                kernel.Run<IdentityOperator>();
                break;
            case Activation.Relu:
                kernel.Run<ReluOperator>();
                break;
            case Activation.Relu6:
                kernel.Run<Relu6Operator>();
                break;
            case Activation.HardSwish:
                kernel.Run<HardSwishOperator>();
                break;
            case Activation.HardSigmoid:
                kernel.Run<HardSigmoidOperator>();
                break;
            default:
                KernelArguments.Defined(activation, nameof(activation));
                throw new UnreachableException();
        }
    }
}
