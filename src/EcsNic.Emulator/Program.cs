namespace EcsNic.Emulator;

public static class Program
{
    public static int Main(string[] args) => args.Length;
}
