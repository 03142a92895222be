from wirewatch.cli import main

main()
