Console.WriteLine("salesops");
