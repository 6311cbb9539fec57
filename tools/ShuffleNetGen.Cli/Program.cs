using System;

return ShuffleNetGen.Cli.App.Run(args, Console.Out, Console.Error);
