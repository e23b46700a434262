from isoctl.cli.entry import main

main()
