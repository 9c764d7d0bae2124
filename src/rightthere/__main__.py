from rightthere.cli import main

main()
