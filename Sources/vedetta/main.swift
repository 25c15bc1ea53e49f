print("vedetta")
